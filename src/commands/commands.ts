/* global Office */
// Ribbon commands. The only button is a ShowTaskpane action, which needs no code; Office
// still expects every page of the add-in to call Office.onReady. In the shared runtime this
// chunk is also loaded by taskpane.html (the manifest's FunctionFile is that page), so
// ExecuteFunction actions added later must be registered here with Office.actions.associate.
Office.onReady(() => undefined);
