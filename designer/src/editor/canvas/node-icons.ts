import {
  BellRing,
  Box,
  Building2,
  CalendarClock,
  Gauge,
  GitBranch,
  Globe,
  Mail,
  Merge,
  MessageSquare,
  MessagesSquare,
  Play,
  Plug,
  Radio,
  Repeat,
  Reply,
  ShoppingBag,
  Split,
  Tag,
  Tags,
  Timer,
  TriangleAlert,
  Truck,
  UserCheck,
  WandSparkles,
  Webhook,
  Workflow,
  type LucideIcon,
} from 'lucide-react';

/**
 * The bundled icons node specs may name (`NodeSpec.icon`): an explicit registry, so the bundle holds
 * these icons and not all of lucide's. A spec naming another icon gets {@link FALLBACK_ICON}.
 */
export const NODE_ICONS: Readonly<Record<string, LucideIcon>> = {
  'bell-ring': BellRing,
  'building-2': Building2,
  'calendar-clock': CalendarClock,
  gauge: Gauge,
  'git-branch': GitBranch,
  globe: Globe,
  mail: Mail,
  merge: Merge,
  'message-square': MessageSquare,
  'messages-square': MessagesSquare,
  play: Play,
  plug: Plug,
  radio: Radio,
  repeat: Repeat,
  reply: Reply,
  'shopping-bag': ShoppingBag,
  split: Split,
  tag: Tag,
  tags: Tags,
  timer: Timer,
  'triangle-alert': TriangleAlert,
  truck: Truck,
  'user-check': UserCheck,
  'wand-sparkles': WandSparkles,
  webhook: Webhook,
  workflow: Workflow,
};

/** The icon of node types whose spec is unknown or names an icon not in {@link NODE_ICONS}. */
const FALLBACK_ICON: LucideIcon = Box;

/** The icon component for a spec's icon name. */
export function nodeIcon(name: string | undefined): LucideIcon {
  return (name !== undefined ? NODE_ICONS[name] : undefined) ?? FALLBACK_ICON;
}
