// Exemplo mínimo de consumidor dos contratos (o que o frontend Spark faz), checado com `tsc --noEmit` no CI:
// renderiza um DashboardConfig, lê uma série e envia um comando. Se um contrato mudar de forma
// incompatível, este arquivo deixa de compilar e o build quebra.
import type { api, dashboard, openapi } from '../../../shared/types';

type Panel = dashboard.DashboardV1['panels'][number];

/** Texto de cada painel: o `switch` exaustivo quebra se surgir um tipo de painel novo sem tratamento. */
export function renderPanel(panel: Panel, latest: api.LatestResponse): string {
  const valueOf = (name: string) => latest.points.find((p) => p.name === name)?.value ?? null;
  switch (panel.type) {
    case 'timeseries':
      return `${panel.title}: série ${panel.agg ?? '1m'} de ${(panel.points ?? [panel.point]).join(', ')}`;
    case 'status':
    case 'timeline': {
      const raw = String(valueOf(panel.point));
      return `${panel.title}: ${panel.mappings?.[raw] ?? raw}`;
    }
    case 'kpi':
      return `${panel.title}: ${valueOf(panel.point) ?? '—'} ${panel.unit ?? ''}`.trim();
    case 'button':
      return `[${panel.title}] → ${panel.op}(${JSON.stringify(panel.params ?? {})})`;
    case 'alerts':
      return `${panel.title}: alertas ${panel.state ?? 'open'} (até ${panel.limit ?? 10})`;
    default: {
      const unreachable: never = panel;
      return unreachable;
    }
  }
}

export function renderDashboard(config: dashboard.DashboardV1, latest: api.LatestResponse): string[] {
  return config.panels.map((panel) => renderPanel(panel, latest));
}

/** Pontos (x, y) de uma série numérica: `avg` nos buckets agregados, `value` nas amostras brutas. */
export function seriesPoints(body: api.SeriesResponse, pointName: string): Array<[string, number | null]> {
  const series = body.series.find((s) => s.name === pointName);
  if (!series || series.kind !== 'numeric') return [];
  return series.data.map((item): [string, number | null] =>
    'avg' in item ? [item.ts, item.avg] : [item.ts, typeof item.value === 'number' ? item.value : null],
  );
}

type IssueCommand = openapi.paths['/api/cmd/{device_id}']['post'];
type CommandBody = NonNullable<IssueCommand['requestBody']>['content']['application/json'];
type CommandOk = IssueCommand['responses'][200]['content']['application/json'];
type ProblemBody = openapi.components['schemas']['Problem'];

/** Envia um comando e devolve o desfecho; erros chegam sempre no formato RFC 9457 (`Problem`). */
export async function postCommand(
  baseUrl: string,
  tenant: string,
  token: string,
  deviceId: string,
  request: CommandBody & api.CommandRequest,
): Promise<CommandOk | ProblemBody> {
  const res = await fetch(`${baseUrl}/api/cmd/${deviceId}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, 'X-Tenant': tenant },
    body: JSON.stringify(request),
  });
  if (!res.ok) {
    const problem = (await res.json()) as ProblemBody;
    console.error(`${problem.status} ${problem.code}: ${problem.detail}`, problem.errors ?? []);
    return problem;
  }
  const command = (await res.json()) as CommandOk & api.Command;
  console.log(command.status, command.ack?.ok);
  return command;
}
