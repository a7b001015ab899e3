import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { catalogEntityRouteRef } from '../../routes';
import { entityRefLabel, parseEntityRef } from './requestText';

/**
 * A link to an entity's catalog page, labelled with its name (the full ref on hover); plain
 * text when the app has no catalog entity page to link to.
 */
export const CatalogEntityLink = (props: {
  entityRef: string;
  defaultKind: string;
  children?: React.ReactNode;
}) => {
  const { entityRef, defaultKind, children } = props;
  const entityRoute = useRouteRef(catalogEntityRouteRef);
  const label = children ?? entityRefLabel(entityRef, defaultKind);
  if (!entityRoute) {
    return <span title={entityRef}>{label}</span>;
  }
  const { kind, namespace, name } = parseEntityRef(entityRef, defaultKind);
  return (
    <Link
      to={entityRoute({
        kind: kind.toLocaleLowerCase('en-US'),
        namespace: namespace.toLocaleLowerCase('en-US'),
        name,
      })}
      title={entityRef}
    >
      {label}
    </Link>
  );
};
