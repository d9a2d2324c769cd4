import { act } from './actions.ts';
import { ENTITY, type Entity, gql } from './api.ts';
import { place } from './canvas-ops.ts';
import { el, formatDateRange } from './format.ts';
import { graphql } from './graphql.ts';
import { $ } from './state.ts';

const TimelineQuery = graphql(
  `{
    timeline(kinds: ["MEETING", "PLANNED_MEETING", "Agreement", "Source"]) {
      date kind upcoming entity { ...EntityFields properties } entities { ...EntityFields }
    }
  }`,
  [ENTITY],
);

/**
 * Meetings, agreements and sources in date order, each date at its precision and with its end, a
 * meeting marked planned or held; a click places the entity.
 */
export async function loadTimeline(): Promise<void> {
  const data = await gql(TimelineQuery);
  $('timeline').replaceChildren(
    ...data.timeline
      .filter((event) => event.entity)
      .map((event) => {
        const entity = event.entity as Entity & { properties: Record<string, unknown> };
        const props = entity.properties;
        const start = typeof props.startDate === 'string' ? props.startDate : event.date;
        const end = typeof props.endDate === 'string' ? props.endDate : null;
        const status = event.kind === 'PLANNED_MEETING' ? 'planned' : event.kind === 'MEETING' ? 'held' : '';
        const button = el(
          'button',
          { type: 'button', class: event.upcoming ? 'upcoming' : '' },
          el(
            'time',
            { datetime: event.date },
            formatDateRange(start, end, props.datePrecision),
            status ? el('span', { class: `status ${status}` }, ` · ${status}`) : '',
          ),
          el('span', { class: 'name', title: entity.name }, entity.name),
        );
        button.addEventListener('click', () => void act('Adding', () => place(entity)));
        return el('li', {}, button);
      }),
  );
}
