/** The name and kind that identify a Pod's workload for the service-less `kuma.io/service`. */
export interface OwnerName {
  name: string;
  kind: string;
}
