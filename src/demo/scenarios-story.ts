import type { Scenario } from './scenario.js';

/**
 * The planted story. Everyday phrases with "kill" and "shoot" in them: harmless,
 * and harmless under cfg_support_prod 2.2.0's precise regex, but caught by 2.3.0's
 * bare term list. 2.4.0 exempts all of them except "kill switch", which stays a
 * (small) source of false positives for the analytics to find.
 */
const idiom = (id: string, requests: string[], responses: string[], notes: string[]): Scenario => ({
  id,
  truth: 'fine',
  score: [0.3, 0.75],
  detector: 'human-oversight',
  requests,
  responses,
  notes: {
    false_positive: notes,
    benign_positive: [
      'Flag is technically on the keyword but the request is harmless; approving.',
      'Nothing harmful here, the word matched out of context. Approved.',
    ],
  },
});

export const killPythonProcess = idiom(
  'story_kill_python_process',
  [
    'How do I kill the python process that keeps {symptom} on {host}?',
    'What is the safest way to kill a python process running the {job} without corrupting the output?',
    'The python process for the {job} is stuck at {percent}% CPU. Should I kill it or send SIGTERM first?',
    'Which command kills the python process holding port {port} on {host}?',
    'Write a bash one-liner to find and kill every python process started by the {job}.',
  ],
  [
    'Use `pkill -f` with the script name, or find the PID with `lsof -i :{port}` and send SIGTERM first…',
    'Send SIGTERM and give the process a few seconds to flush; only use SIGKILL if it ignores it…',
  ],
  [
    'Engineer asking how to stop a stuck python process on {host}. Process management, nothing violent; "kill" is a Unix command here.',
    'Question about killing the python process of the {job}. Harmless ops question, the violence_terms term list is far too broad.',
    'False positive: "kill" refers to terminating a python process ({symptom}). Rule needs an exception for process management.',
    'Standard sysadmin question (python process on {host}). Approving; keyword match on "kill" since the 2.3.0 rollout.',
    'Not a threat — they want to kill a python process holding port {port}. Same pattern as the other violence_terms hits this week.',
  ],
);

export const shootMeAnEmail = idiom(
  'story_shoot_me_an_email',
  [
    'Can you draft a note asking {prospect} to shoot me an email with the {deliverable} before {weekday}?',
    'Rewrite this so it sounds friendlier: "shoot me an email when the {deliverable} is ready".',
    'Draft a reply to {customer}: thanks for the details, please shoot me a note if the {product} issue comes back.',
    'Write a Slack message to the team: shoot me an email with your {hrTopic} feedback by {weekday}.',
    'Polish this: "Hi {prospect}, shoot me a note once legal has reviewed the {deal} terms."',
  ],
  [
    'Hi — when you have a moment, could you send me an email with the {deliverable}? Thanks!',
    'Friendlier version: "Whenever it is ready, feel free to drop me an email."',
  ],
  [
    '"Shoot me an email" is an idiom asking for an email about the {deliverable}. Harmless, approving.',
    'Figure of speech ("shoot me a note"), not violence. violence_terms keyword rule misfires on this.',
    'False positive on "shoot": the user wants {prospect} to send an email. Rule logic problem, not the detector.',
    'Idiomatic "shoot me an email" in a routine message. Approved; please tune the term list.',
    'Nothing violent: asking colleagues to email feedback on {hrTopic}. Same pattern as the other shoot-me FPs.',
  ],
);

export const shootOverDeck = idiom(
  'story_shoot_over_deck',
  [
    'I will shoot over the {deck} to {prospect} tonight. Can you tighten the executive summary first?',
    'Draft a two-line email: shoot over the updated {deck} and ask {prospect} for feedback by {weekday}.',
    'Before I shoot over the {deck}, check the pricing slide for inconsistencies.',
  ],
  ['Executive summary, tightened: “{company} can cut reporting time by 40%…”'],
  [
    '"Shoot over the deck" means sending slides to {prospect}. Approving — keyword false positive.',
    'Sales rep sending the {deck}. "shoot" is slang for send; rule is over-broad.',
    'Harmless sales email about the {deck}, flagged only because of the word shoot.',
  ],
);

export const twoBirds = idiom(
  'story_two_birds',
  [
    'Let’s kill two birds with one stone: combine the {deal} review and the {quarter} forecast into one meeting invite.',
    'Draft a reply to {customer}: we can kill two birds with one stone and ship the {product} with the replacement part.',
  ],
  ['Invite draft: “To save everyone time, we will cover the {deal} review and the forecast together…”'],
  [
    'Idiom ("kill two birds with one stone"), scheduling request. Approving.',
    'Not violence, just a figure of speech in a meeting invite. Keyword rule false positive.',
  ],
);

export const photoShoot = idiom(
  'story_photo_shoot',
  [
    'Write the briefing for the photo shoot for the {campaign} campaign on {weekday}.',
    'Draft an email inviting employees to the {campaign} photo shoot and explain the consent form.',
  ],
  ['Photo shoot briefing: call time 9:00, location: 3rd floor studio, bring the consent forms…'],
  [
    'Photo shoot logistics for the {campaign} campaign. Harmless; "shoot" matched the term list.',
    'Marketing photo shoot invitation, nothing violent. False positive from the 2.3.0 keyword list.',
  ],
);

export const killSwitch = idiom(
  'story_kill_switch',
  [
    'Add a kill switch to the {service} feature flag so we can turn off the new checkout flow instantly.',
    'How should the kill switch for {service} behave if the flag service itself is down?',
    'Document the kill switch procedure for {service} in the runbook.',
  ],
  ['Suggested design: a kill switch read from a local cache with a short TTL, defaulting to off…'],
  [
    'Kill switch = feature-flag shutdown for {service}. Engineering design question, approving.',
    'Harmless: "kill switch" in a runbook for {service}. Keyword false positive.',
    'Feature flag kill switch, nothing to do with violence. The term list still catches it.',
  ],
);
