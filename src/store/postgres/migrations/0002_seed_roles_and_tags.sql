-- Seed vocabularies: grid team roles with their duty lists (职责清单), and
-- the care / key-group tags of the registry. Admins edit both afterwards.

INSERT INTO team_roles (role, name_zh, name_en, required, sort) VALUES
 ('leader', '网格负责人（社区领导）', 'Grid leader (community leader)', 1, 1),
 ('community_worker', '社区工作人员', 'Community worker', 1, 2),
 ('group_leader', '居民小组长', 'Resident group leader', 1, 3),
 ('patrol_member', '巡逻队员', 'Patrol member', 0, 4),
 ('volunteer', '志愿者', 'Volunteer', 0, 5);

INSERT INTO role_duties (role, seq, text, updated_at) VALUES
 ('leader', 1, '对本网格管理工作负总责，组织网格成员分工落实各项社区工作', 0),
 ('leader', 2, '每月召开一次网格工作例会，研究解决网格内的重点难点问题', 0),
 ('leader', 3, '对网格内无法解决的问题及时上报社区并跟踪督办', 0),
 ('leader', 4, '考核网格成员履职情况，落实奖惩', 0),
 ('community_worker', 1, '负责网格内实有人口、房屋、单位信息的采集与动态更新', 0),
 ('community_worker', 2, '受理居民诉求，办理社区公共服务事项', 0),
 ('community_worker', 3, '每周走访网格内重点人员和关爱对象', 0),
 ('community_worker', 4, '对发现的问题登记立案并跟踪办结', 0),
 ('group_leader', 1, '每日巡查本组，及时发现并报告乱堆乱放、占道经营、乱张贴、设施损坏等问题', 0),
 ('group_leader', 2, '能当场处理的问题当场处理，不推诿、不拖延', 0),
 ('group_leader', 3, '掌握本组外来租住人口和出租房屋变动情况，督促房东及时申报', 0),
 ('group_leader', 4, '调解邻里纠纷，宣传社区政策和文明风尚', 0),
 ('patrol_member', 1, '按排班参加治安巡逻，到点打卡', 0),
 ('patrol_member', 2, '发现治安隐患和可疑情况立即报告', 0),
 ('volunteer', 1, '参与环境卫生整治、文明劝导和宣传活动', 0);

INSERT INTO tag_types (code, group_kind, name_zh, name_en, sort) VALUES
 ('elderly_alone', 'care', '孤寡/独居老人', 'Elderly living alone', 1),
 ('empty_nest', 'care', '空巢老人', 'Empty-nest elderly', 2),
 ('disabled', 'care', '残疾人', 'Disabled', 3),
 ('low_income', 'care', '低保对象', 'Minimum-income', 4),
 ('left_behind_child', 'care', '留守儿童', 'Left-behind child', 5),
 ('left_behind_woman', 'care', '留守妇女', 'Left-behind woman', 6),
 ('left_behind_elderly', 'care', '留守老人', 'Left-behind elderly', 7),
 ('community_correction', 'key', '社区矫正人员', 'Community correction', 11),
 ('released_prisoner', 'key', '刑满释放人员', 'Released prisoner', 12),
 ('mental_disorder', 'key', '严重精神障碍患者', 'Severe mental disorder', 13),
 ('drug_user', 'key', '吸毒人员', 'Drug user', 14);

INSERT INTO settings (key, value, updated_at) VALUES
 ('code_layout', '{"district":6,"street":3,"community":3,"grid":2,"micro_grid":2}', 0),
 ('session_idle_minutes', '30', 0),
 ('session_max_hours', '12', 0),
 ('login_max_failures', '5', 0),
 ('login_lock_minutes', '10', 0),
 ('time_zone', 'Asia/Shanghai', 0);
