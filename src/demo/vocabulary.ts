import type { Random } from './random.js';

/**
 * The words the demo's prompts, responses and reviewer notes are built from.
 * A template names a slot as `{slot}`; each slot is filled once per text (the same
 * customer appears in the request and in the note about it).
 */
export const vocabulary: Record<string, readonly string[]> = {
  customer: ['Maria Lopez', 'Dev Patel', 'Hannah Schmidt', 'Kwame Mensah', 'Yuki Tanaka', 'Olivia Brown', 'Lucas Martin', 'Amara Okafor', 'Sven Larsen', 'Chloe Dubois', 'Rafael Souza', 'Fatima Zahra', 'Tom Becker', 'Ines Moreau', 'Arjun Rao'],
  employee: ['Jordan Ellis', 'Sam Whitaker', 'Priyanka Nair', 'Marco Bianchi', 'Elena Petrova', 'Chris Donovan', 'Aisha Bello', 'Noah Fischer', 'Grace Kim', 'Daniel Cohen'],
  company: ['Northwind Traders', 'Globex', 'Initech', 'Umbrella Health', 'Stark Logistics', 'Wayne Retail', 'Acme Analytics', 'Hooli Cloud', 'Soylent Foods', 'Vandelay Imports'],
  product: ['Pro plan', 'Team plan', 'smart thermostat', 'wireless earbuds', 'standing desk', 'analytics add-on', 'mobile app', 'Enterprise plan', 'starter kit', 'coffee grinder'],
  problem: ['damaged', 'two weeks late', 'with a missing part', 'in the wrong colour', 'after being charged twice', 'without the invoice'],
  remedy: ['a replacement', 'a full refund', 'a 20% voucher', 'free express shipping', 'a call back from a specialist'],
  tone: ['friendly', 'formal', 'apologetic', 'concise', 'empathetic'],
  order: ['A-48213', 'A-50977', 'B-11842', 'C-90311', 'A-77120', 'B-63005', 'C-12458'],
  ticket: ['#48213', '#51877', '#60211', '#62540', '#70019', '#71533', '#83302'],
  service: ['billing-api', 'search-indexer', 'checkout', 'auth-gateway', 'report-builder', 'ingest-worker', 'notifications'],
  host: ['build-agent-3', 'etl-02', 'staging-web-1', 'my laptop', 'the jump box', 'worker-7'],
  job: ['nightly ETL', 'pandas export', 'model training run', 'celery worker', 'backfill script', 'jupyter kernel'],
  symptom: ['eating 100% CPU', 'holding a lock on the DB', 'ignoring SIGTERM', 'leaking memory', 'stuck after the deploy'],
  error: ['HTTP 502', 'a timeout', 'ECONNRESET', 'a 409 conflict', 'OOMKilled', 'a null pointer exception'],
  language: ['TypeScript', 'Python', 'Go', 'SQL', 'Rust', 'Bash'],
  task: ['parse ISO dates', 'retry with backoff', 'batch inserts', 'paginate an API', 'debounce input', 'stream a CSV'],
  prospect: ['Lena at Globex', 'Mark at Initech', 'the CFO of Acme Analytics', 'our contact at Hooli Cloud', 'the buyer at Wayne Retail', 'Ravi at Northwind Traders'],
  deal: ['renewal', 'expansion', 'pilot', 'three-year contract', 'upsell'],
  quarter: ['Q3', 'Q4', 'next quarter', 'this quarter'],
  deliverable: ['pricing summary', 'meeting notes', 'proposal draft', 'ROI numbers', 'call recap', 'updated quote'],
  deck: ['pitch deck', 'QBR slides', 'pricing deck', 'case study deck', 'roadmap slides'],
  role: ['senior data engineer', 'support team lead', 'account executive', 'HR business partner', 'product designer', 'payroll specialist'],
  benefit: ['parental leave', 'dental plan', 'pension matching', 'learning budget', 'remote work allowance', 'sabbatical'],
  hrTopic: ['the onboarding checklist', 'the holiday calendar', 'the expense policy', 'the engagement survey results', 'the interview scorecard', 'the travel policy'],
  matter: ['Globex supply', 'Initech licensing', 'Northwind lease', 'Acme acquisition', 'Hooli data-sharing', 'Vandelay distribution'],
  clause: ['indemnification', 'limitation of liability', 'termination for convenience', 'governing law', 'data protection', 'non-solicitation'],
  jurisdiction: ['California', 'Germany', 'the UK', 'Ontario', 'New York', 'France'],
  amount: ['$1,200', '$2,400', '$3,750', '$5,000', '$12,000', '$1,850'],
  condition: ['type 2 diabetes', 'a herniated disc', 'clinical depression', 'a broken wrist', 'long covid', 'migraines'],
  campaign: ['spring launch', 'employer brand', 'careers page', 'customer stories', 'holiday'],
  region: ['us-east-1', 'eu-west-1', 'ap-southeast-2'],
  weekday: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'],
  target: ['my manager', 'my coworker', 'his manager', 'her team lead', 'everyone', 'them'],
  insult: ['useless idiot', 'pathetic moron', 'stupid', 'useless'],
};

/** Generated slot values (numbers that look like real identifiers). */
const generated: Record<string, (random: Random) => string> = {
  ssn: (r) => `${r.int(100, 899)}-${String(r.int(10, 99))}-${String(r.int(1000, 9999))}`,
  card: (r) => `4${r.int(100, 999)} ${r.int(1000, 9999)} ${r.int(1000, 9999)} ${r.int(1000, 9999)}`,
  legacyOrder: (r) => `${r.int(1000, 9999)}-${r.int(1000, 9999)}-${r.int(1000, 9999)}-${r.int(1000, 9999)}`,
  passport: (r) => `${String.fromCharCode(65 + r.int(0, 25))}${r.int(1000000, 9999999)}`,
  account: (r) => `AC-${r.int(100000, 999999)}`,
  port: (r) => String(r.pick([3000, 5432, 6379, 8000, 8080, 8888, 9200])),
  percent: (r) => String(r.int(85, 100)),
  apiKey: (r) => `sk-${randomAlnum(r, 32)}`,
  password: (r) => `${r.pick(['Summer', 'Welcome', 'Autumn', 'Kt'])}${r.int(2019, 2026)}!`,
  days: (r) => String(r.int(2, 14)),
};

function randomAlnum(random: Random, length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[random.int(0, alphabet.length - 1)];
  return out;
}

export type Facts = Record<string, string>;

/** A template split once into text and slot names: even indexes are text, odd ones slots. */
const compiled = new Map<string, string[]>();

function partsOf(template: string): string[] {
  let parts = compiled.get(template);
  if (!parts) {
    parts = template.split(/\{(\w+)\}/);
    compiled.set(template, parts);
  }
  return parts;
}

/** Fills `{slot}`s from `facts`, drawing (and remembering) any slot not yet known. */
export function fill(template: string, random: Random, facts: Facts): string {
  const parts = partsOf(template);
  let out = parts[0] as string;
  for (let i = 1; i < parts.length; i += 2) {
    const slot = parts[i] as string;
    let value = facts[slot];
    if (value === undefined) {
      const make = generated[slot];
      const words = vocabulary[slot];
      value = make ? make(random) : words ? random.pick(words) : undefined;
      if (value === undefined) throw new Error(`demo template slot {${slot}} has no vocabulary`);
      facts[slot] = value;
    }
    out += value + (parts[i + 1] as string);
  }
  return out;
}
