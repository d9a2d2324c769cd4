import { gql, session } from './api.ts';
import { graphql } from './graphql.ts';
import { $ } from './state.ts';

/**
 * Signing in: a curator pastes a token, the API names it (`viewer`), and the page shows the
 * curation controls (`.curator-only`, and the reader's forms) until the tab closes or they sign out.
 */
const ViewerQuery = graphql(`query Viewer { viewer { name scopes } }`);

/** The signed-in token's name, or null: the one place the rest of the page asks. */
export const curator = { name: null as string | null };

function show(name: string | null): void {
  curator.name = name;
  document.body.classList.toggle('signed-in', name !== null);
  $('viewer').textContent = name ? `Signed in as ${name}` : '';
  $('sign-in').textContent = name ? 'Sign out' : 'Sign in to curate';
}

async function signIn(token: string): Promise<void> {
  session.signIn(token);
  try {
    const { viewer } = await gql(ViewerQuery);
    if (!viewer?.scopes.some((scope) => scope === 'curate' || scope === 'admin')) {
      session.signOut();
      throw new Error('This token may not curate: ask an admin for one with the curate scope.');
    }
    show(viewer.name);
  } catch (error) {
    if (session.token() === token) session.signOut();
    throw error;
  }
}

export function initSignIn(): void {
  const dialog = $<HTMLDialogElement>('sign-in-dialog');
  const input = $<HTMLInputElement>('sign-in-token');
  const error = $('sign-in-error');
  window.addEventListener('signed-out', () => show(null));
  $('sign-in').addEventListener('click', () => {
    if (curator.name) return session.signOut();
    error.textContent = '';
    input.value = '';
    dialog.showModal();
  });
  $('sign-in-cancel').addEventListener('click', () => dialog.close());
  $('sign-in-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void signIn(input.value.trim()).then(
      () => dialog.close(),
      (failure: Error) => {
        error.textContent = failure.message;
      },
    );
  });
  // A reload in the same tab keeps the session: ask who it is.
  if (session.token()) void signIn(session.token() as string).catch(() => show(null));
}
