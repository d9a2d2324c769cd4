import { act } from './actions.ts';
import { ENTITY, type Entity, gql } from './api.ts';
import { place } from './canvas-ops.ts';
import { el, formatDate } from './format.ts';
import { graphql } from './graphql.ts';
import { $ } from './state.ts';

const TimelineQuery = graphql(
  `{
    timeline(kinds: ["MEETING", "PLANNED_MEETING", "Agreement", "Source"]) {
      date kind upcoming entity { ...EntityFields } entities { ...EntityFields }
    }
  }`,
  [ENTITY],
);

/** Meetings, agreements and sources in date order; a click places the entity. */
export async function loadTimeline(): Promise<void> {
  const data = await gql(TimelineQuery);
  $('timeline').replaceChildren(
    ...data.timeline
      .filter((event) => event.entity)
      .map((event) => {
        const entity = event.entity as Entity;
        const button = el(
          'button',
          { type: 'button', class: event.upcoming ? 'upcoming' : '' },
          el('time', { datetime: event.date }, formatDate(event.date)),
          el('span', {}, entity.name),
        );
        button.addEventListener('click', () => void act('Adding', () => place(entity)));
        return el('li', {}, button);
      }),
  );
}
