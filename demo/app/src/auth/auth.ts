/**
 * The app's one auth store, shared by both modes. Kept on globalThis so an HMR re-evaluation of
 * this module cannot hand a second store (with a different token) to half of the app.
 */
import { useSyncExternalStore } from 'react';
import { createAuthStore, type AuthStore } from './auth-store';

const g = globalThis as unknown as { __demoAuthStore?: AuthStore };
export const authStore: AuthStore = (g.__demoAuthStore ??= createAuthStore());

export function useAuthToken(): string | null {
  return useSyncExternalStore(authStore.subscribe, authStore.getToken, authStore.getToken);
}
