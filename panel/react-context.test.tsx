// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { createContextValue } from './react-context';

afterEach(cleanup);

describe('createContextValue', () => {
  const Answer = createContextValue<number | null>('Answer');
  function Show() {
    return <span data-testid="value">{String(Answer.useValue())}</span>;
  }

  test('gives the nearest provided value', () => {
    render(
      <Answer.Provider value={1}>
        <Answer.Provider value={42}>
          <Show />
        </Answer.Provider>
      </Answer.Provider>,
    );
    expect(screen.getByTestId('value').textContent).toBe('42');
  });

  test('a provided null is a value, not a missing provider', () => {
    render(
      <Answer.Provider value={null}>
        <Show />
      </Answer.Provider>,
    );
    expect(screen.getByTestId('value').textContent).toBe('null');
  });

  test('outside its provider the hook throws an error naming the provider', () => {
    // React reports the render error to the console as well; keep the test output readable.
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(() => render(<Show />)).toThrow('Answer was read outside <AnswerProvider>');
  });
});
