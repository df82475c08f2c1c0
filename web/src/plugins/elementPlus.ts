// Element Plus, only the parts the app uses: registering the whole library
// (`app.use(ElementPlus)`) put 1.2 MB of JavaScript in front of every page
// (a cold login page ready after ~1.0 s on a desktop against ~0.75 s now,
// bench/web_first_load.mjs; more on the phones grid staff carry). A
// component used in a template must be listed here;
// tests/element-plus.test.ts checks that every <el-*> tag is.
import type { App, Component } from 'vue'
import * as EP from 'element-plus'

// Registered under their own names (ElButton answers <el-button>).
export const COMPONENTS: Component[] = [
  EP.ElAlert,
  EP.ElButton,
  EP.ElCalendar,
  EP.ElCascader,
  EP.ElCheckbox,
  EP.ElCheckboxGroup,
  EP.ElConfigProvider,
  EP.ElDatePicker,
  EP.ElDescriptions,
  EP.ElDescriptionsItem,
  EP.ElDialog,
  EP.ElDrawer,
  EP.ElDropdown,
  EP.ElDropdownItem,
  EP.ElDropdownMenu,
  EP.ElEmpty,
  EP.ElForm,
  EP.ElFormItem,
  EP.ElIcon,
  EP.ElImage,
  EP.ElInput,
  EP.ElInputNumber,
  EP.ElMenu,
  EP.ElMenuItem,
  EP.ElOption,
  EP.ElOptionGroup,
  EP.ElPagination,
  EP.ElProgress,
  EP.ElRadio,
  EP.ElRadioButton,
  EP.ElRadioGroup,
  EP.ElResult,
  EP.ElSelect,
  EP.ElSkeleton,
  EP.ElStep,
  EP.ElSteps,
  EP.ElSwitch,
  EP.ElTabPane,
  EP.ElTable,
  EP.ElTableColumn,
  EP.ElTabs,
  EP.ElTag,
  EP.ElTimeSelect,
  EP.ElTree,
]

export const elementPlus = {
  install(app: App) {
    for (const component of COMPONENTS) app.component(component.name!, component)
    // v-loading on tables and panels; the message and confirm services get
    // the app's context (its locale and z-index), as the full install did.
    app.use(EP.ElLoading)
    app.use(EP.ElMessage)
    app.use(EP.ElMessageBox)
  },
}
