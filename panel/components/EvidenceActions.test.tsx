// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createPanelStore } from '../store';
import { COPY_STATUS_MS } from '../use-copy-status';
import { EvidenceActions } from './EvidenceActions';
import { renderWith } from './test-render';

let writeText: ReturnType<typeof vi.fn>;

beforeEach(() => {
  vi.useFakeTimers();
  writeText = vi.fn(() => Promise.resolve());
  Object.defineProperty(window.navigator, 'clipboard', {
    value: { writeText },
    configurable: true,
  });
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  Reflect.deleteProperty(window.navigator, 'clipboard');
  Reflect.deleteProperty(document, 'execCommand');
});

const copyButton = () => screen.getByTestId('copy-md');
const click = async () => {
  await act(async () => {
    fireEvent.click(copyButton());
    await Promise.resolve();
  });
};

describe('Copy Markdown', () => {
  test('says Copied for a moment, then offers to copy again', async () => {
    renderWith(createPanelStore(), <EvidenceActions />);
    expect(copyButton().textContent).toBe('Copy Markdown');
    await click();
    expect(writeText).toHaveBeenCalledOnce();
    expect(copyButton().textContent).toBe('Copied');
    act(() => vi.advanceTimersByTime(COPY_STATUS_MS - 1));
    expect(copyButton().textContent).toBe('Copied');
    act(() => vi.advanceTimersByTime(1));
    expect(copyButton().textContent).toBe('Copy Markdown');
  });

  test('a second copy while Copied shows restarts the moment', async () => {
    renderWith(createPanelStore(), <EvidenceActions />);
    await click();
    act(() => vi.advanceTimersByTime(COPY_STATUS_MS - 500));
    await click();
    act(() => vi.advanceTimersByTime(COPY_STATUS_MS - 1));
    expect(copyButton().textContent).toBe('Copied');
    act(() => vi.advanceTimersByTime(1));
    expect(copyButton().textContent).toBe('Copy Markdown');
  });

  test('a failed copy says so, then clears too', async () => {
    writeText.mockRejectedValue(new Error('denied'));
    vi.spyOn(console, 'debug').mockImplementation(() => undefined);
    // jsdom has no clipboard behind execCommand: the fallback path fails as in a refused frame.
    Object.defineProperty(document, 'execCommand', { value: () => false, configurable: true });
    renderWith(createPanelStore(), <EvidenceActions />);
    await click();
    expect(copyButton().textContent).toBe('Copy failed');
    act(() => vi.advanceTimersByTime(COPY_STATUS_MS));
    expect(copyButton().textContent).toBe('Copy Markdown');
  });
});
