import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { scaffolderTemplateRouteRef } from '../../routes';

/** The template that creates a topic (templates/create-kafka-topic). */
export const CREATE_TOPIC_TEMPLATE = 'create-kafka-topic';

/**
 * A link to the "Create Kafka topic" template; its name as text when the app has no scaffolder
 * to link to.
 */
export const CreateTopicLink = () => {
  const templateRoute = useRouteRef(scaffolderTemplateRouteRef);
  const label = 'Create Kafka topic';
  if (!templateRoute) {
    return <strong>Create → {label}</strong>;
  }
  return (
    <Link
      to={templateRoute({
        namespace: 'default',
        templateName: CREATE_TOPIC_TEMPLATE,
      })}
    >
      {label}
    </Link>
  );
};
