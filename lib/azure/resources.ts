/** Azure DevOps' resource (application) id: the same in every cloud tenant. */
export const DEVOPS_RESOURCE = "499b84ac-1321-427f-aa17-267ca6975798";
export const DEVOPS_SCOPE = `${DEVOPS_RESOURCE}/.default`;
export const GRAPH_SCOPE = "https://graph.microsoft.com/.default";
