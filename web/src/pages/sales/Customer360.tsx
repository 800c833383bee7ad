// The customer 360 shown on the partner page (GET /api/v1/partners/{id}/overview).
import type { ReactElement } from 'react';

export function Customer360({ partnerId }: { partnerId: number }): ReactElement | null {
  void partnerId;
  return null;
}
