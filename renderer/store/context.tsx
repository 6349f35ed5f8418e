// How React reaches the store: one provider at the root, `useApp(selector)` to read,
// `useActions()` for the (stable) action functions. Components never subscribe to the whole
// state: a component re-renders only when what its selector returns changes.
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { MailRoutes } from '../api/routes.ts';
import type { AppState, AppStore } from './app.ts';

const StoreContext = createContext<AppStore | null>(null);
const RoutesContext = createContext<MailRoutes | null>(null);

export function StoreProvider({ store, routes, children }: { store: AppStore; routes: MailRoutes; children: ReactNode }) {
  return (
    <StoreContext value={store}>
      <RoutesContext value={routes}>{children}</RoutesContext>
    </StoreContext>
  );
}

function useAppStore(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useApp outside <StoreProvider>');
  return store;
}

export function useApp<T>(selector: (state: AppState) => T): T {
  return useStore(useAppStore(), selector);
}

type ActionKeys = { [K in keyof AppState]: AppState[K] extends (...args: never[]) => unknown ? K : never }[keyof AppState];
export type Actions = Pick<AppState, ActionKeys>;

/** The store's actions: they never change, so reading them does not subscribe to anything. */
export function useActions(): Actions {
  return useAppStore().getState();
}

/**
 * Reads the current state at the moment of a call, without subscribing: for event handlers
 * that need fresh values (the keyboard shortcuts), never for rendering.
 */
export function useGetState(): () => AppState {
  return useAppStore().getState;
}

export function useRoutes(): MailRoutes {
  const routes = useContext(RoutesContext);
  if (!routes) throw new Error('useRoutes outside <StoreProvider>');
  return routes;
}
