import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { webMessagingFrom } from '../../../src/launch/web-messaging';

describe('SMART Web Messaging from the token response', () => {
  it('takes a handle with an https origin (or http on this machine)', () => {
    assert.deepEqual(
      webMessagingFrom({
        smart_web_messaging_handle: 'h1',
        smart_web_messaging_origin: 'https://ehr.example.org',
      }),
      { handle: 'h1', origin: 'https://ehr.example.org' },
    );
    assert.deepEqual(
      webMessagingFrom({
        smart_web_messaging_handle: 'h1',
        smart_web_messaging_origin: 'http://localhost:5173',
      }),
      { handle: 'h1', origin: 'http://localhost:5173' },
    );
  });

  it('offers no messaging without both, or with an origin that is not a bare secure origin', () => {
    assert.equal(webMessagingFrom({}), undefined);
    assert.equal(webMessagingFrom({ smart_web_messaging_handle: 'h1' }), undefined);
    for (const origin of [
      'http://ehr.example.org',
      'https://ehr.example.org/path',
      '*',
      'javascript:alert(1)',
      42,
    ])
      assert.equal(
        webMessagingFrom({ smart_web_messaging_handle: 'h1', smart_web_messaging_origin: origin }),
        undefined,
        String(origin),
      );
  });
});
