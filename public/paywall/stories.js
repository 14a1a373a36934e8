// The demo catalog's stories: made-up headlines for the article ids the demo page links to. A real paywall gets the
// story, and whether it is free, metered or premium, from the publisher's CMS; here the URL says both
// (/paywall?article=demo-article-3&access=metered).

const HEADLINES = {
  metered: [
    'RBI holds the repo rate for a fifth straight meeting',
    'Monsoon reaches Kerala three days early, IMD says',
    'Mumbai Metro Line 3 opens its last underground stretch',
    'Onion prices ease as the late kharif crop reaches mandis',
    'Small-town founders are building the next wave of Indian startups',
    'Spinners turn the Chennai Test on a dramatic fourth day',
    'Village libraries stay open late as students return',
    'How Indore kept its streets the cleanest for eight years',
  ],
  premium: ['Investigation: where the crop insurance money went', 'Inside the boardroom fight for a family conglomerate'],
  free: ['Weather: a warm, dry week ahead across the north'],
};

const KICKERS = { metered: 'News', premium: 'Premium', free: 'Free to read' };

const PARAGRAPHS = [
  "This is a demo story on the Tollgate News reference paywall. Its text stands in for an article from the publisher's CMS, which also knows whether the story is free, metered or premium.",
  "Every page view asks Tollgate one question: may this reader open this article? A metered story is counted once a month on the reader's meter: the device's while they read anonymously, their own once they sign in. Signing in brings along the articles the device counted that month.",
  'At the anonymous limit the reader meets the registration wall, since signing in opens more free articles. At the registered limit, or on a premium story, they meet the subscription wall and the plans. A subscriber reads everything and is never counted.',
  'The limits are settings that the billing staff change in the console at /admin; a change applies to the next article read.',
];

/** The number in demo-article-7 (1 for any other id). */
function articleNumber(articleId) {
  return Number(/^demo-[a-z]+-(\d{1,6})$/.exec(articleId)?.[1] ?? 1);
}

/** The story behind an article id and access level: kicker, headline and paragraphs. */
export function storyFor(articleId, access) {
  const headlines = HEADLINES[access] ?? HEADLINES.metered;
  return {
    kicker: KICKERS[access] ?? KICKERS.metered,
    title: headlines[(articleNumber(articleId) - 1) % headlines.length],
    paragraphs: PARAGRAPHS,
  };
}

/** The page of a story. */
export function storyUrl(articleId, access) {
  return `/paywall?${new URLSearchParams({ article: articleId, access })}`;
}

/** The links under a story: the next metered article after this one, a premium story and a free one. */
export function moreStories(articleId, access) {
  const next = access === 'metered' ? articleNumber(articleId) + 1 : 1;
  return [
    { label: 'Next article', articleId: `demo-article-${next}`, access: 'metered' },
    { label: 'Premium story', articleId: 'demo-premium-1', access: 'premium' },
    { label: 'Free story', articleId: 'demo-free-1', access: 'free' },
  ]
    .filter((s) => s.articleId !== articleId)
    .map((s) => ({ ...s, title: storyFor(s.articleId, s.access).title, href: storyUrl(s.articleId, s.access) }));
}
