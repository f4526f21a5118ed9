import type { HandlerTable } from './context';

export const vpcLinkHandlers: HandlerTable = {};
