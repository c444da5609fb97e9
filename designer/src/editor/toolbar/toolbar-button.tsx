import type { LucideIcon } from 'lucide-react';

/** An icon button of the editor toolbar, named for assistive technology and with its shortcut in the tooltip. */
export function ToolbarButton({
  icon: Icon,
  label,
  shortcut,
  onClick,
  disabled = false,
  pressed,
}: {
  icon: LucideIcon;
  label: string;
  shortcut?: string;
  onClick: () => void;
  disabled?: boolean;
  pressed?: boolean;
}) {
  return (
    <button
      type="button"
      className="toolbar-button"
      aria-label={label}
      aria-keyshortcuts={shortcut}
      aria-pressed={pressed}
      title={shortcut ? `${label} (${shortcut})` : label}
      onClick={onClick}
      disabled={disabled}
    >
      <Icon size={16} aria-hidden="true" />
    </button>
  );
}
