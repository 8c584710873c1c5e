/** The connection status pill in the header. */
export function StatusBadge({ status, detail }: { status: string; detail?: string }) {
  return (
    <span className={`status status-${status}`} data-testid="connection-status" title={detail}>
      {status}
    </span>
  );
}
