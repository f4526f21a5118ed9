import type { HandlerTable } from './context';

export const deploymentHandlers: HandlerTable = {};
