// Who manages this organization's credentials (through the self-service page): listed for everyone who may see the
// credentials; an admin who may manage them names members and removes managers here. The API decides who may.
import {
  Button,
  DataList,
  DataListCell,
  DataListItem,
  DataListItemCells,
  DataListItemRow,
  FormSelect,
  FormSelectOption,
  Text,
  TextContent,
  Title,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from "@patternfly/react-core";
import { useCallback, useEffect, useState } from "react";
import type { Manager, Member, credentialsApi } from "./api";
import type { Translate } from "./messages";

type Props = {
  api: ReturnType<typeof credentialsApi>;
  t: Translate;
  /** Whether the caller may name and remove managers (the access endpoint's manageManagers). */
  canChange: boolean;
  onError: (error: unknown) => void;
};

export function ManagersSection({ api, t, canChange, onError }: Props) {
  const [managers, setManagers] = useState<Manager[]>([]);
  const [members, setMembers] = useState<Member[]>([]);
  const [chosen, setChosen] = useState("");

  const refresh = useCallback(async () => {
    try {
      setManagers(await api.managers());
    } catch (error) {
      onError(error);
    }
  }, [api]);

  useEffect(() => {
    refresh();
  }, [refresh]);
  useEffect(() => {
    if (canChange) api.members().then(setMembers, () => setMembers([]));
  }, [api, canChange]);

  const candidates = members.filter((member) => !managers.some((manager) => manager.id === member.id));

  const change = async (call: () => Promise<void>) => {
    try {
      await call();
      setChosen("");
      await refresh();
    } catch (error) {
      onError(error);
    }
  };

  return (
    <section data-testid="occ-managers" style={{ marginTop: 24 }}>
      <Title headingLevel="h3">{t("occManagersTitle")}</Title>
      <TextContent>
        <Text>{t("occManagersIntro")}</Text>
      </TextContent>
      {managers.length === 0 ? (
        <Text data-testid="occ-no-managers">{t("occNoManagers")}</Text>
      ) : (
        <DataList aria-label={t("occManagersTitle")} isCompact>
          {managers.map((manager) => (
            <DataListItem key={manager.id} data-testid="occ-manager">
              <DataListItemRow>
                <DataListItemCells
                  dataListCells={[
                    <DataListCell key="name">{manager.username}</DataListCell>,
                    <DataListCell key="email">{manager.email ?? ""}</DataListCell>,
                    ...(canChange
                      ? [
                          <DataListCell key="remove" alignRight isFilled={false}>
                            <Button
                              variant="link"
                              isDanger
                              data-testid={`occ-remove-manager-${manager.username}`}
                              onClick={() => change(() => api.removeManager(manager.id))}
                            >
                              {t("occRemoveManager")}
                            </Button>
                          </DataListCell>,
                        ]
                      : []),
                  ]}
                />
              </DataListItemRow>
            </DataListItem>
          ))}
        </DataList>
      )}
      {canChange && (
        <Toolbar>
          <ToolbarContent>
            <ToolbarItem>
              <FormSelect
                aria-label={t("occManagerCandidate")}
                value={chosen}
                onChange={(_, value) => setChosen(value)}
                data-testid="occ-manager-candidate"
              >
                <FormSelectOption value="" label={t("occManagerCandidate")} isPlaceholder />
                {candidates.map((member) => (
                  <FormSelectOption key={member.id} value={member.id} label={member.username} />
                ))}
              </FormSelect>
            </ToolbarItem>
            <ToolbarItem>
              <Button
                variant="secondary"
                data-testid="occ-add-manager"
                isAriaDisabled={chosen === ""}
                onClick={() => change(() => api.addManager(chosen))}
              >
                {t("occAddManager")}
              </Button>
            </ToolbarItem>
          </ToolbarContent>
        </Toolbar>
      )}
    </section>
  );
}
