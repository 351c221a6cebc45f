import type { HandlerSlice, ValueOf } from '../../../shared/api.ts';
import type { ProfileEdit } from '../../../shared/environment.ts';
import { err, ok, type Result } from '../../../shared/result.ts';

/** Profile operations live above one profile's core (switching replaces the core). */
export interface ProfileService {
  list(): ValueOf<'profiles.list'>;
  save(p: ProfileEdit): Result<ValueOf<'profiles.save'>> | Promise<Result<ValueOf<'profiles.save'>>>;
  switchTo(name: string): Promise<Result<ValueOf<'profiles.switch'>>>;
  setToken(name: string, token: string): Result<ValueOf<'profiles.setToken'>>;
}

/** The `profiles.*` slice: the profile host when there is one, a clear refusal otherwise. */
export function profileHandlers(profiles: ProfileService | undefined): HandlerSlice<'profiles'> {
  const none = () => err('invalid', 'Profiles are managed by the app that started this console.');
  return {
    'profiles.list': () => (profiles ? ok(profiles.list()) : ok({ profiles: [], tokenWritable: false, tokenHelp: 'no profiles' })),
    'profiles.save': (args) => (profiles ? profiles.save(args) : none()),
    'profiles.switch': (args) => (profiles ? profiles.switchTo(args.name) : none()),
    'profiles.setToken': (args) => (profiles ? profiles.setToken(args.name, args.token) : none()),
  };
}
