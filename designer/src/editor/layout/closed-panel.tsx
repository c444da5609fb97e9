import type { LucideIcon } from 'lucide-react';

/** What a closed panel leaves: a strip with the button that opens it again. */
export function ClosedPanel({ label, icon: Icon, side, onOpen }: { label: string; icon: LucideIcon; side: 'left' | 'right'; onOpen: () => void }) {
  return (
    <div className={`closed-panel ${side}`}>
      <button type="button" className="icon-button" aria-label={label} title={label} onClick={onOpen}>
        <Icon size={18} aria-hidden="true" />
      </button>
    </div>
  );
}
