// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { parsePlaylist, playlistText } from '../../renderer/src/features/settings/MetricsSettingsSection.tsx';
import { DEFAULT_WALL } from '../../shared/wall.ts';

describe('the wall playlist as one editable line', () => {
  it('round-trips the default playlist', () => {
    expect(playlistText(DEFAULT_WALL.playlist)).toBe('overview, rail:upi, health, rail:cards');
    expect(parsePlaylist(playlistText(DEFAULT_WALL.playlist))).toEqual(DEFAULT_WALL.playlist);
  });
  it('says which word is not a slide, and refuses an empty playlist', () => {
    expect(parsePlaylist('overview, graphs')).toBe('"graphs" is not a slide: use overview, health or rail:<rail>');
    expect(parsePlaylist(' , ')).toBe('the playlist needs at least one slide');
    expect(parsePlaylist('rail:imps,health')).toEqual([{ kind: 'rail', rail: 'imps' }, { kind: 'health' }]);
  });
});
