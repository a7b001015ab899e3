import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { TopicRequestKind } from '@kafka-taas/plugin-kafka-taas-common';
import { requestRouteRef } from '../../routes';

const KIND_LABELS: Record<TopicRequestKind, string> = {
  create: 'New topic',
  access: 'Read access',
  delete: 'Deletion',
  schema: 'New schema',
};

/** What a request asks, in two words. */
export function kindLabel(kind: TopicRequestKind): string {
  return KIND_LABELS[kind] ?? kind;
}

/** A link to a topic request's page, `/kafka/requests/:id`. */
export const RequestLink = (props: {
  id: string;
  children: React.ReactNode;
  'aria-label'?: string;
}) => {
  const requestRoute = useRouteRef(requestRouteRef);
  return (
    <Link to={requestRoute({ id: props.id })} aria-label={props['aria-label']}>
      {props.children}
    </Link>
  );
};
