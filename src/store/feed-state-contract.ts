/**
 * What every Repository must do with feed state (getFeedState / putFeedState), as a node:test suite. Each backend's
 * test calls `feedStateContract(name, open)` with a function that opens a fresh, empty store.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FeedState, Repository } from './repository.js';

export function feedStateContract(name: string, open: () => Promise<Repository>): void {
  describe(`feed state: ${name}`, () => {
    test('absent before the first put; put then get round-trips every field; a second put replaces', async () => {
      const store = await open();
      try {
        assert.equal(await store.getFeedState('https://courier.example/feed.xml'), null);
        const first: FeedState = {
          url: 'https://courier.example/feed.xml',
          etag: 'W/"abc"',
          lastModified: 'Wed, 06 Mar 2024 10:00:00 GMT',
          lastChecked: '2024-03-06T10:00:05.000Z',
          failures: 0,
          lastError: null,
          seen: ['courier-1001', 'https://courier.example/news/convoy'],
        };
        await store.putFeedState(first);
        assert.deepEqual(await store.getFeedState(first.url), first);
        const second: FeedState = { ...first, etag: null, lastModified: null, failures: 3, lastError: 'timed out [FETCH_TIMEOUT]', seen: [] };
        await store.putFeedState(second);
        assert.deepEqual(await store.getFeedState(first.url), second);
        assert.equal(await store.getFeedState('https://other.example/feed.xml'), null);
      } finally {
        await store.close();
      }
    });
  });
}
