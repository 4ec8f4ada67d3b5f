var WsEventMgr = null; // placeholder
