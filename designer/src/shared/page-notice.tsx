/** What a page says after an action: `ok` is announced politely, `bad` at once. */
export type PageMessage = { readonly kind: 'ok' | 'bad'; readonly text: string } | null;

/** The page's last message, if any: a status when the action went well, an alert when it did not. */
export function PageNotice({ message }: { message: PageMessage }) {
  if (!message) return null;
  return (
    <p role={message.kind === 'bad' ? 'alert' : 'status'} className={message.kind === 'bad' ? 'notice bad' : 'notice'}>
      {message.text}
    </p>
  );
}
