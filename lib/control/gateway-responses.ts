import type { HandlerTable } from './context';

export const gatewayResponseHandlers: HandlerTable = {};
