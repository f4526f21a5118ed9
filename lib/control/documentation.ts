/**
 * @module control/documentation
 * The documentation operations: parts (documentation-parts), their import
 * (documentation-import) and versions (documentation-versions), merged into
 * one table for the operation registry. Location rules live in
 * documentation-rules; content inheritance in documentation-inherit.
 */
import type { HandlerTable } from './context';
import { documentationPartHandlers } from './documentation-parts';
import { documentationImportHandlers } from './documentation-import';
import { documentationVersionHandlers } from './documentation-versions';

export const documentationHandlers: HandlerTable = {
  ...documentationPartHandlers,
  ...documentationImportHandlers,
  ...documentationVersionHandlers,
};
