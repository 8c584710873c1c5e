/** The React binding of the panel store: a context provider and the hooks that read it. */
import { createElement, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { createContextValue } from './react-context';
import type { PanelState, PanelStore } from './store';

const Store = createContextValue<PanelStore>('PanelStore');

export const PanelStoreProvider = (props: { store: PanelStore; children: ReactNode }) =>
  createElement(Store.Provider, { value: props.store }, props.children);

export const usePanelStoreApi: () => PanelStore = Store.useValue;

export function usePanelStore<T>(selector: (s: PanelState) => T): T {
  return useStore(usePanelStoreApi(), selector);
}
