import Bell from "lucide-react/icons/bell";
import Menu from "lucide-react/icons/menu";

// Icons come from Lucide (lucide-react, ISC licence), imported one by one so that neither bundle carries the whole
// set. Every icon here is decoration beside words or an aria-label on its control: it is hidden from assistive
// technology and never the only way something is named.

type IconProps = { className?: string; size?: number };

/** The notifications bell of the top bar. */
export function BellIcon({ className = "icon", size = 20 }: IconProps) {
  return <Bell className={className} size={size} aria-hidden="true" focusable="false" strokeWidth={2} />;
}

/** The menu button of the top bar on a narrow screen. */
export function MenuIcon({ className = "icon", size = 20 }: IconProps) {
  return <Menu className={className} size={size} aria-hidden="true" focusable="false" strokeWidth={2} />;
}
