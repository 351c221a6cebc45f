import { useEffect, useId, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

function focusables(root: HTMLElement): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((el) => !el.hasAttribute('inert'));
}

/**
 * A modal dialog: the rest of the page is inert while it is open, Tab stays inside, Escape
 * closes it, and focus goes back to what had it before. Closing is the caller's (`onClose`).
 */
export function Modal({ title, onClose, children, className = '' }: { title: ReactNode; onClose: () => void; children: ReactNode; className?: string }) {
  const backdrop = useRef<HTMLDivElement>(null);
  const dialog = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  });

  useEffect(() => {
    const root = dialog.current!;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const outside = Array.from(document.body.children).filter((el) => el !== backdrop.current && !el.hasAttribute('inert'));
    for (const el of outside) el.setAttribute('inert', '');
    (focusables(root)[0] ?? root).focus();

    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        close.current();
      } else if (e.key === 'Tab') {
        const all = focusables(root);
        if (all.length === 0) {
          e.preventDefault();
          root.focus();
          return;
        }
        const first = all[0]!;
        const last = all[all.length - 1]!;
        const at = document.activeElement;
        if (e.shiftKey && (at === first || !root.contains(at))) {
          e.preventDefault();
          last.focus();
        } else if (!e.shiftKey && (at === last || !root.contains(at))) {
          e.preventDefault();
          first.focus();
        }
      }
    };
    // Focus that lands outside (a click on the backdrop, a script) comes back in.
    const onFocusIn = (e: FocusEvent) => {
      if (e.target instanceof Node && !root.contains(e.target)) (focusables(root)[0] ?? root).focus();
    };
    document.addEventListener('keydown', onKey, true);
    document.addEventListener('focusin', onFocusIn);
    return () => {
      document.removeEventListener('keydown', onKey, true);
      document.removeEventListener('focusin', onFocusIn);
      for (const el of outside) el.removeAttribute('inert');
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  return createPortal(
    <div
      ref={backdrop}
      className="modal-backdrop"
      role="presentation"
      onMouseDown={(e) => {
        if (e.target !== e.currentTarget) return;
        // Without this, the mousedown's default action moves focus to <body> after the close
        // gave it back to the opener.
        e.preventDefault();
        close.current();
      }}
    >
      <div ref={dialog} className={`modal ${className}`} role="dialog" aria-modal="true" aria-labelledby={titleId} tabIndex={-1}>
        <h2 id={titleId}>{title}</h2>
        {children}
      </div>
    </div>,
    document.body,
  );
}
