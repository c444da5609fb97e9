import { Download } from 'lucide-react';
import { toCsv, type CsvCell } from './csv.js';

/**
 * "Export CSV" of a table's rows: downloads `<filename>.csv` made in the browser (nothing is asked of
 * the server). `describedBy` names the table, so a screen reader hears which export this is.
 */
export function ExportCsvButton({ filename, header, rows, describedBy }: { filename: string; header: readonly string[]; rows: readonly (readonly CsvCell[])[]; describedBy: string }) {
  const download = () => {
    const url = URL.createObjectURL(new Blob([toCsv(header, rows)], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `${filename}.csv`;
    link.click();
    URL.revokeObjectURL(url);
  };
  return (
    <button type="button" className="button insight-export" aria-describedby={describedBy} disabled={rows.length === 0} onClick={download}>
      <Download size={14} aria-hidden="true" />
      Export CSV
    </button>
  );
}
