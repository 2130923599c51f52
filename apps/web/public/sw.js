/*
 * Manabee service worker: caches the app shell so the app opens offline or on
 * a bad connection, and shows Web Push notifications for parents.
 * Never caches /graphql (private, per-family data) or anything but GET.
 */
const VERSION = 'manabee-shell-v1';
const SHELL = ['/', '/index.html', '/manifest.webmanifest', '/icon.svg'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(VERSION);
      await cache.addAll(SHELL);
      // The built entry and its CSS are named in the Vite manifest: cache them too.
      try {
        const response = await fetch('/.vite/manifest.json', { cache: 'no-store' });
        if (response.ok) {
          const manifest = await response.json();
          const files = Object.values(manifest)
            .filter((chunk) => chunk.isEntry)
            .flatMap((chunk) => [chunk.file, ...(chunk.css ?? [])])
            .map((file) => `/${file}`);
          await cache.addAll(files);
        }
      } catch {
        // Not fatal: assets are cached as they are fetched.
      }
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== VERSION) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (
    url.pathname.startsWith('/graphql') ||
    url.pathname.startsWith('/api') ||
    url.pathname.startsWith('/healthz')
  )
    return;

  // Navigations: network first (fresh HTML), the cached shell when offline.
  if (request.mode === 'navigate') {
    event.respondWith(
      fetch(request).catch(
        async () => (await caches.match('/index.html')) ?? (await caches.match('/')) ?? Response.error(),
      ),
    );
    return;
  }
  // Hashed assets never change: cache first, fill the cache as we go.
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(
      (async () => {
        const cached = await caches.match(request);
        if (cached) return cached;
        const response = await fetch(request);
        if (response.ok) (await caches.open(VERSION)).put(request, response.clone());
        return response;
      })(),
    );
  }
});

self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { body: event.data ? event.data.text() : '' };
  }
  const title = data.title || 'Manabee';
  event.waitUntil(
    self.registration.showNotification(title, {
      body: data.body || '',
      icon: '/icon-192.png',
      badge: '/icon-192.png',
      tag: data.tag || undefined,
      lang: data.lang || 'ja',
      // services/notification sends { title, body, link, lang, tag, critical } (channels/push.ts).
      data: { url: data.url || data.link || '/family/alerts' },
      requireInteraction: data.critical === true || data.critical === 'true',
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const target = new URL(event.notification.data?.url || '/family', self.location.origin).href;
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      for (const client of windows) {
        if (client.url === target && 'focus' in client) return client.focus();
      }
      return self.clients.openWindow(target);
    })(),
  );
});
