// The registry's own terms in both languages: kinds, statuses and the fields of a center, as the
// pages name them (their codes stay in the data, the JSON and the CSV). Services, industries and
// divisions have their names in the reference data (name, name_en), not here.
import IPRegistry

public enum Vocabulary {
    public static func kind(_ kind: CenterKind) -> Words {
        switch kind {
        case .protection: return Words(zh: "知识产权保护中心", en: "IP protection center")
        case .rapidProtection: return Words(zh: "知识产权快速维权中心", en: "Rapid IP protection center")
        case .operation: return Words(zh: "知识产权运营中心", en: "IP operation center")
        case .tisc: return Words(zh: "技术与创新支持中心 (TISC)", en: "Technology and innovation support center (TISC)")
        }
    }

    public static func status(_ status: CenterStatus) -> Words {
        switch status {
        case .preparing: return Words(zh: "筹建中", en: "Preparing")
        case .operating: return Words(zh: "运行中", en: "Operating")
        case .suspended: return Words(zh: "暂停", en: "Suspended")
        case .closed: return Words(zh: "已关闭", en: "Closed")
        }
    }

    public static func field(_ field: CenterField) -> Words {
        switch field {
        case .code: return Words(zh: "编号", en: "Code")
        case .name: return Words(zh: "名称", en: "Name")
        case .nameEnglish: return Words(zh: "英文名称", en: "English name")
        case .kind: return Words(zh: "类型", en: "Kind")
        case .status: return Words(zh: "状态", en: "Status")
        case .regionCode: return Words(zh: "行政区划", en: "Division")
        case .address: return Words(zh: "地址", en: "Address")
        case .approved: return Words(zh: "批准时间", en: "Approved")
        case .opened: return Words(zh: "启用时间", en: "Opened")
        case .approvalDocument: return Words(zh: "批准文件", en: "Approval document")
        case .host: return Words(zh: "依托单位", en: "Host organisation")
        case .latitude: return Words(zh: "纬度", en: "Latitude")
        case .longitude: return Words(zh: "经度", en: "Longitude")
        case .website: return Words(zh: "网站", en: "Website")
        case .industries: return Words(zh: "服务产业", en: "Industries")
        case .services: return Words(zh: "服务项目", en: "Services")
        case .source: return Words(zh: "来源", en: "Source")
        case .notes: return Words(zh: "备注", en: "Notes")
        }
    }
}
