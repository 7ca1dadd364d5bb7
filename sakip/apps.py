from django.apps import AppConfig


class SakipConfig(AppConfig):
    name = "sakip"
    verbose_name = "SAKIP: organisasi dan pengguna"

    def ready(self):
        from simple_history.signals import post_create_historical_record

        from sakip import versi_data

        # Each audited change gives its pemda a new data version (cached dashboards).
        post_create_historical_record.connect(versi_data.catat_perubahan, dispatch_uid="sakip-versi-data")
