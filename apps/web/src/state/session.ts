import { create } from 'zustand';
import type { Me } from '../api/auth';

export type SessionStatus = 'unknown' | 'anonymous' | 'signed-in';

interface SessionState {
  status: SessionStatus;
  me: Me | null;
  setMe(me: Me | null): void;
}

/** Who is signed in, as the server last told us (the cookie itself is HttpOnly). */
export const useSession = create<SessionState>((set) => ({
  status: 'unknown',
  me: null,
  setMe: (me) => set({ me, status: me ? 'signed-in' : 'anonymous' }),
}));
