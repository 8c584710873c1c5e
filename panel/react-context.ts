/**
 * The panel's one way to hand a value down the React tree: a context that must be provided, with
 * its Provider and a hook that throws a clear error when read outside it. A missing provider is a
 * wiring mistake, so it fails loudly at the first render instead of showing a silent default.
 */
import { createContext, createElement, useContext, type ReactElement, type ReactNode } from 'react';

export interface ContextValue<T> {
  readonly Provider: (props: { value: T; children?: ReactNode }) => ReactElement;
  /** The nearest provided value; throws outside the Provider. */
  readonly useValue: () => T;
}

const MISSING: unique symbol = Symbol('no provider');

export function createContextValue<T>(name: string): ContextValue<T> {
  const Context = createContext<T | typeof MISSING>(MISSING);
  Context.displayName = name;
  function Provider(props: { value: T; children?: ReactNode }): ReactElement {
    return createElement(Context.Provider, { value: props.value }, props.children);
  }
  Provider.displayName = `${name}Provider`;
  function useValue(): T {
    const value = useContext(Context);
    if (value === MISSING) {
      throw new Error(
        `${name} was read outside <${name}Provider>: render the component inside one.`,
      );
    }
    return value;
  }
  return { Provider, useValue };
}
