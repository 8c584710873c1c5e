/** Two panes side by side with a draggable divider (the sidebar width is a fraction, kept in state). */
import { useRef, useState, type PointerEvent, type ReactNode } from 'react';

export function SplitView(props: {
  main: ReactNode;
  side: ReactNode | null;
  initialSide?: number;
}) {
  const [side, setSide] = useState(props.initialSide ?? 0.42);
  const ref = useRef<HTMLDivElement>(null);
  const dragging = useRef(false);

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    dragging.current = true;
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const box = ref.current?.getBoundingClientRect();
    if (!dragging.current || !box || box.width === 0) return;
    setSide(Math.min(0.8, Math.max(0.15, (box.right - e.clientX) / box.width)));
  };
  const onPointerUp = () => {
    dragging.current = false;
  };

  return (
    <div className="split" ref={ref}>
      <div className="split-main">{props.main}</div>
      {props.side ? (
        <>
          <div
            className="split-divider"
            role="separator"
            aria-orientation="vertical"
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={onPointerUp}
          />
          <div className="split-side" style={{ flexBasis: `${side * 100}%` }}>
            {props.side}
          </div>
        </>
      ) : null}
    </div>
  );
}
