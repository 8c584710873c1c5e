/** The React binding of the panel store: a context provider and the hooks that read it. */
import { createContext, createElement, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { PanelState, PanelStore } from './store';

const StoreContext = createContext<PanelStore | null>(null);

export function PanelStoreProvider(props: { store: PanelStore; children: ReactNode }) {
  return createElement(StoreContext.Provider, { value: props.store }, props.children);
}

export function usePanelStoreApi(): PanelStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('usePanelStore outside <PanelStoreProvider>');
  return store;
}

export function usePanelStore<T>(selector: (s: PanelState) => T): T {
  return useStore(usePanelStoreApi(), selector);
}
