/** Page text with search hits in `<mark>`: split into text nodes, never parsed as HTML. */
import { highlight } from '../search/query';

export function Highlighted(props: { text: string; ranges: ReadonlyArray<[number, number]> }) {
  if (props.ranges.length === 0) return <>{props.text}</>;
  return (
    <>
      {highlight(props.text, props.ranges).map((segment, i) =>
        segment.hit ? (
          <mark key={i} className="search-hit" data-testid="search-hit">
            {segment.text}
          </mark>
        ) : (
          <span key={i}>{segment.text}</span>
        ),
      )}
    </>
  );
}
