// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { STACK_NOOP_CLOSE, STACK_NOT_CAPTURED } from '../../content/hook/stack-trace';
import { DevtoolsApiProvider } from '../devtools-api';
import { resetMessageSource } from '../locale/chrome-messages';
import { stubLocale } from '../locale/test-locale';
import { stackPlaceholderKey } from '../stack';
import { StackTrace } from './StackTrace';
import { createFakeDevtools } from './test-render';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  resetMessageSource();
});

const show = (stack: string) =>
  render(
    <DevtoolsApiProvider api={createFakeDevtools()}>
      <StackTrace stack={stack} testId="stack" />
    </DevtoolsApiProvider>,
  );

describe('stacks the hook did not capture', () => {
  test("are recognised by the hook's own placeholder texts", () => {
    expect(stackPlaceholderKey(STACK_NOT_CAPTURED)).toBe('stack.notSampled');
    expect(stackPlaceholderKey(STACK_NOOP_CLOSE)).toBe('stack.noopClose');
    expect(stackPlaceholderKey('at f (http://127.0.0.1/app.js:1:1)')).toBeNull();
  });

  test('read as the hook wrote them in English', () => {
    show(STACK_NOOP_CLOSE);
    expect(screen.getByTestId('stack').textContent).toBe(STACK_NOOP_CLOSE);
  });

  test('read in Russian in a Russian browser', () => {
    stubLocale('ru');
    show(STACK_NOT_CAPTURED);
    const text = screen.getByTestId('stack').textContent ?? '';
    expect(text).toContain('стек не записан');
    expect(text).not.toContain('construction burst');
  });

  test('a real stack still lists its frames', () => {
    stubLocale('ru');
    show('at connect (http://127.0.0.1:8080/assets/app.js:10:5)');
    expect(screen.getByTestId('stack-frame-link').textContent).toBe('app.js:10:5');
  });
});
