/**
 * Who is acting, as they typed it: the console has no login (the core records the OS user as the
 * event's actor), so acknowledging or taking a role asks for a name, prefilled with the last one
 * used on this machine.
 */
const KEY = 'switchyard.incidents.name';

export function lastName(): string {
  try {
    return localStorage.getItem(KEY) ?? '';
  } catch {
    return ''; // storage disabled: ask every time
  }
}

export function rememberName(name: string): void {
  try {
    localStorage.setItem(KEY, name.trim());
  } catch {
    // storage disabled: nothing to remember with
  }
}
