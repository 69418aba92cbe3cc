// When a run started, in words; shared by the host (panel labels) and the side view.

/** "12 s ago", "3 min ago", "today 14:05", or the date and time. */
export function formatWhen(iso: string, now = Date.now()): string {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return iso;
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  const d = new Date(t);
  const hm = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  if (s < 86400 && new Date(now).getDate() === d.getDate()) return `today ${hm}`;
  return `${d.toISOString().slice(0, 10)} ${hm}`;
}
