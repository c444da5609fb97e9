/**
 * The caption (read by screen readers) and the column headers of a data table; `actions` adds the
 * last column, which holds each row's buttons and is named for screen readers only.
 */
export function TableHead({ caption, columns, actions = false }: { caption: string; columns: readonly string[]; actions?: boolean }) {
  return (
    <>
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          {columns.map((column) => (
            <th scope="col" key={column}>
              {column}
            </th>
          ))}
          {actions ? (
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          ) : null}
        </tr>
      </thead>
    </>
  );
}
