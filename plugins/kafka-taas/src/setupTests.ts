import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// The full test run shares two cores with Kafka, the registry and other Jest workers: give
// findBy*/waitFor more than the default second before a page counts as not rendered.
configure({ asyncUtilTimeout: 5_000 });
