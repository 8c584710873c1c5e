/** Monochrome 16px toolbar icons; colour comes from `currentColor` (themeable). */
import type { SVGProps } from 'react';

const Icon = (props: SVGProps<SVGSVGElement>) => (
  <svg
    width="16"
    height="16"
    viewBox="0 0 16 16"
    aria-hidden="true"
    focusable="false"
    fill="currentColor"
    {...props}
  />
);

export const PauseIcon = () => (
  <Icon>
    <rect x="4" y="3" width="3" height="10" rx="0.5" />
    <rect x="9" y="3" width="3" height="10" rx="0.5" />
  </Icon>
);

export const RecordIcon = () => (
  <Icon>
    <circle cx="8" cy="8" r="4.5" />
  </Icon>
);

export const ClearIcon = () => (
  <Icon>
    <path d="M8 2a6 6 0 1 0 0 12A6 6 0 0 0 8 2Zm0 1.5a4.5 4.5 0 0 1 3.6 7.2L5.3 4.4A4.5 4.5 0 0 1 8 3.5ZM4.4 5.3l6.3 6.3A4.5 4.5 0 0 1 4.4 5.3Z" />
  </Icon>
);

export const CloseIcon = () => (
  <Icon>
    <path d="M4.2 3.1 8 6.9l3.8-3.8 1.1 1.1L9.1 8l3.8 3.8-1.1 1.1L8 9.1l-3.8 3.8-1.1-1.1L6.9 8 3.1 4.2z" />
  </Icon>
);

export const CopyIcon = () => (
  <Icon>
    <path d="M5 2h7a1 1 0 0 1 1 1v8h-1.5V3.5H5zM3 5h7a1 1 0 0 1 1 1v7a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1Zm.5 1.5v6h6v-6z" />
  </Icon>
);

export const ReloadIcon = () => (
  <Icon>
    <path d="M8 3a5 5 0 1 0 4.9 6h-1.6A3.5 3.5 0 1 1 8 4.5c1 0 1.8.4 2.5 1L8.5 7.5H13V3l-1.5 1.5A5 5 0 0 0 8 3Z" />
  </Icon>
);
