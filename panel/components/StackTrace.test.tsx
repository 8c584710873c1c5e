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

describe('frames of bundled code', () => {
  test('show the original file:line from the page map, open it in Sources, keep the generated one', async () => {
    // esbuild's minified, inline-mapped output of src/go.ts (esbuild cannot run under jsdom):
    // export function go() {\n  return new EventSource("/e");\n}
    const code =
      'function e(){return new EventSource("/e")}export{e as go};\n' +
      '//# sourceMappingURL=data:application/json;base64,ewogICJ2ZXJzaW9uIjogMywKICAic291cmNlcyI6IFsic3JjL2dvLnRzIl0sCiAgInNvdXJjZXNDb250ZW50IjogWyJleHBvcnQgZnVuY3Rpb24gZ28oKSB7XG4gIHJldHVybiBuZXcgRXZlbnRTb3VyY2UoXCIvZVwiKTtcbn1cbiJdLAogICJtYXBwaW5ncyI6ICJBQUFPLFNBQVNBLEdBQUssQ0FDbkIsT0FBTyxJQUFJLFlBQVksSUFBSSxDQUM3QiIsCiAgIm5hbWVzIjogWyJnbyJdCn0K\n';
    const url = 'http://127.0.0.1:8080/assets/index-abc.js';
    const column = code.indexOf('new EventSource') + 1;
    const devtools = createFakeDevtools();
    devtools.resources.set(url, code);
    render(
      <DevtoolsApiProvider api={devtools}>
        <StackTrace stack={`at e (${url}:1:${column})`} testId="stack" />
      </DevtoolsApiProvider>,
    );
    const link = await screen.findByText('go.ts:2:10');
    expect(link.getAttribute('data-original')).toBe('true');
    const generated = screen.getByTestId('stack-frame-generated');
    expect(generated.textContent).toBe(`index-abc.js:1:${column}`);
    link.click();
    generated.click();
    expect(devtools.opened).toEqual([
      { url: 'http://127.0.0.1:8080/assets/src/go.ts', line: 2, column: 10 },
      { url, line: 1, column },
    ]);
  });
});
