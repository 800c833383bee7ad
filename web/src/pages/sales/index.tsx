// The sales section: its routes. Returns null for a path it does not know (the shell shows 404).
import type { ReactElement } from 'react';

/** The page for a /sales path, or null when none matches. */
export function SalesRoutes({ path }: { path: string }): ReactElement | null {
  void path;
  return null;
}
