/** What a Teams card shows. */
export interface CardContent {
  readonly title: string;
  readonly text: string;
  readonly facts: readonly { readonly name: string; readonly value: string }[];
  readonly linkText: string;
  readonly linkUrl: string;
}

/** The button, when both its text and link are given. */
function link(card: CardContent): { text: string; url: string } | undefined {
  return card.linkText === '' || card.linkUrl === '' ? undefined : { text: card.linkText, url: card.linkUrl };
}

/** An Adaptive Card 1.4 message, as Teams workflows' "post a card" webhooks take it. */
export function adaptiveCardMessage(card: CardContent): unknown {
  const button = link(card);
  const body: unknown[] = [];
  if (card.title !== '') body.push({ type: 'TextBlock', text: card.title, weight: 'Bolder', size: 'Medium', wrap: true });
  body.push({ type: 'TextBlock', text: card.text, wrap: true });
  if (card.facts.length > 0) body.push({ type: 'FactSet', facts: card.facts.map((fact) => ({ title: fact.name, value: fact.value })) });
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body,
          ...(button === undefined ? {} : { actions: [{ type: 'Action.OpenUrl', title: button.text, url: button.url }] }),
        },
      },
    ],
  };
}

/** An Office 365 connector MessageCard, as connector webhooks take it. */
export function messageCard(card: CardContent): unknown {
  const button = link(card);
  return {
    '@type': 'MessageCard',
    '@context': 'https://schema.org/extensions',
    summary: card.title === '' ? card.text.slice(0, 200) : card.title,
    ...(card.title === '' ? {} : { title: card.title }),
    text: card.text,
    ...(card.facts.length === 0 ? {} : { sections: [{ facts: card.facts.map((fact) => ({ name: fact.name, value: fact.value })) }] }),
    ...(button === undefined ? {} : { potentialAction: [{ '@type': 'OpenUri', name: button.text, targets: [{ os: 'default', uri: button.url }] }] }),
  };
}
